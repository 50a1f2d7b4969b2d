#!/usr/bin/env bash
# expect: pass
# why: import_role after a pre_tasks apt cache refresh, the site in sites-available with a symlink, a handler listening on a topic
# needs: inventory
set -euo pipefail
cd /lab/ansible
mkdir -p roles/web/{tasks,handlers,templates}
cat > roles/web/tasks/main.yml <<'YAML'
- name: nginx package
  ansible.builtin.apt:
    name: nginx
    state: present
- name: site config
  ansible.builtin.template:
    src: site.j2
    dest: /etc/nginx/sites-available/lab
  notify: nginx config changed
- name: enable site
  ansible.builtin.file:
    src: /etc/nginx/sites-available/lab
    dest: /etc/nginx/sites-enabled/lab
    state: link
  notify: nginx config changed
- name: page
  ansible.builtin.template:
    src: page.j2
    dest: /var/www/lab.html
- name: nginx started
  ansible.builtin.service:
    name: nginx
    state: started
YAML
cat > roles/web/handlers/main.yml <<'YAML'
- name: reload the web server
  ansible.builtin.command: nginx -s reload
  listen: nginx config changed
YAML
cat > roles/web/templates/site.j2 <<'J2'
server {
  listen {{ nginx_port }};
  root /var/www;
  location = / { try_files /lab.html =404; }
}
J2
cat > roles/web/templates/page.j2 <<J2
$LAB_PARAM_PROJECT served by {{ inventory_hostname }} ({{ ansible_facts['distribution'] }})
J2
cat > site.yml <<'YAML'
- hosts: web
  become: true
  pre_tasks:
    - name: refresh the apt cache
      ansible.builtin.apt:
        update_cache: true
        cache_valid_time: 3600
  tasks:
    - ansible.builtin.import_role:
        name: web
YAML
ansible-playbook site.yml >/dev/null
