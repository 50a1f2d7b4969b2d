#!/usr/bin/env bash
# expect: pass
# why: a role named webserver using `package`, a conf.d file, a handler that restarts, and the ansible_hostname fact on the page
# needs: inventory
set -euo pipefail
cd /lab/ansible
mkdir -p roles/webserver/tasks roles/webserver/handlers roles/webserver/templates
cat > roles/webserver/tasks/main.yml <<'YAML'
- name: nginx is installed
  ansible.builtin.package:
    name: nginx
    state: present
- name: document root
  ansible.builtin.file:
    path: /srv/www
    state: directory
- name: home page
  ansible.builtin.template:
    src: index.html.j2
    dest: /srv/www/index.html
- name: virtual host
  ansible.builtin.template:
    src: vhost.conf.j2
    dest: /etc/nginx/conf.d/lab.conf
  notify: restart nginx
- name: nginx is running
  ansible.builtin.service:
    name: nginx
    state: started
YAML
cat > roles/webserver/handlers/main.yml <<'YAML'
- name: restart nginx
  ansible.builtin.service:
    name: nginx
    state: restarted
YAML
cat > roles/webserver/templates/vhost.conf.j2 <<'J2'
server {
  listen {{ nginx_port }} default_server;
  location / { root /srv/www; }
}
J2
cat > roles/webserver/templates/index.html.j2 <<J2
<html><body>Hello from {{ ansible_hostname }}, project $LAB_PARAM_PROJECT</body></html>
J2
cat > site.yml <<'YAML'
---
- hosts: web
  become: yes
  roles:
    - role: webserver
YAML
ansible-playbook site.yml >/dev/null
