#!/usr/bin/env bash
# expect: fail
# why: every task written in site.yml itself, with a handler there too: it works, but there is no role
# feedback: apply a role
# needs: inventory
set -euo pipefail
cd /lab/ansible
cat > site.yml <<YAML
- hosts: web
  become: true
  tasks:
    - name: Install nginx
      ansible.builtin.apt:
        name: nginx
    - name: Site
      ansible.builtin.copy:
        dest: /etc/nginx/sites-available/default
        content: |
          server {
              listen {{ nginx_port }} default_server;
              root /var/www/html;
          }
      notify: reload nginx
    - name: Page
      ansible.builtin.copy:
        dest: /var/www/html/index.html
        content: "$LAB_PARAM_PROJECT on {{ inventory_hostname }}\n"
    - name: nginx runs
      ansible.builtin.service:
        name: nginx
        state: started
  handlers:
    - name: reload nginx
      ansible.builtin.service:
        name: nginx
        state: reloaded
YAML
ansible-playbook site.yml >/dev/null
