#!/usr/bin/env bash
# expect: pass
# why: the role applied with a named include_role task under tasks:, reloading through a handler
# needs: inventory
set -euo pipefail
cd /lab/ansible
mkdir -p roles/nginx/{tasks,handlers,templates,defaults}
printf 'project: %s\n' "$LAB_PARAM_PROJECT" > roles/nginx/defaults/main.yml
cat > roles/nginx/tasks/main.yml <<'YAML'
- name: Install nginx
  ansible.builtin.apt:
    name: nginx
- name: Site configuration
  ansible.builtin.template:
    src: default.j2
    dest: /etc/nginx/sites-available/default
  notify: reload nginx
- name: Home page
  ansible.builtin.template:
    src: index.html.j2
    dest: /var/www/html/index.html
- name: nginx runs
  ansible.builtin.service:
    name: nginx
    state: started
    enabled: true
YAML
cat > roles/nginx/handlers/main.yml <<'YAML'
- name: reload nginx
  ansible.builtin.service:
    name: nginx
    state: reloaded
YAML
cat > roles/nginx/templates/default.j2 <<'J2'
server {
    listen {{ nginx_port }} default_server;
    root /var/www/html;
    index index.html;
}
J2
cat > roles/nginx/templates/index.html.j2 <<'J2'
<h1>{{ project }}</h1>
<p>This is {{ inventory_hostname }}.</p>
J2
cat > site.yml <<'YAML'
- name: Configure the web servers
  hosts: web
  become: true
  tasks:
    - name: Apply the nginx role
      ansible.builtin.include_role:
        name: nginx
YAML
ansible-playbook site.yml >/dev/null
