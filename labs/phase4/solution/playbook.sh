#!/bin/bash
# Reference solution: the nginx role (package, site config + handler, templated page,
# service) and the playbook applying it to the group web.
set -euo pipefail
cd /lab/ansible
mkdir -p roles/nginx/{tasks,handlers,templates,defaults}
cat > roles/nginx/defaults/main.yml <<'YAML'
nginx_port: 80
site_root: /var/www/site
YAML
cat > roles/nginx/tasks/main.yml <<'YAML'
- name: Install nginx
  ansible.builtin.apt:
    name: nginx
    state: present

- name: Create the site's root
  ansible.builtin.file:
    path: "{{ site_root }}"
    state: directory
    mode: "0755"

- name: Write the home page
  ansible.builtin.template:
    src: index.html.j2
    dest: "{{ site_root }}/index.html"
    mode: "0644"

- name: Configure the site
  ansible.builtin.template:
    src: site.conf.j2
    dest: /etc/nginx/sites-available/site.conf
    mode: "0644"
  notify: Reload nginx

- name: Enable the site
  ansible.builtin.file:
    src: /etc/nginx/sites-available/site.conf
    dest: /etc/nginx/sites-enabled/site.conf
    state: link
  notify: Reload nginx

- name: Start nginx
  ansible.builtin.service:
    name: nginx
    state: started
YAML
cat > roles/nginx/handlers/main.yml <<'YAML'
- name: Reload nginx
  ansible.builtin.service:
    name: nginx
    state: reloaded
YAML
cat > roles/nginx/templates/site.conf.j2 <<'J2'
# Managed by Ansible: local changes are overwritten.
server {
    listen {{ nginx_port }};
    root {{ site_root }};
    index index.html;
}
J2
cat > roles/nginx/templates/index.html.j2 <<'J2'
<!doctype html>
<title>{{ project }}</title>
<h1>{{ project }}</h1>
<p>Served by {{ inventory_hostname }}.</p>
J2
cat > site.yml <<YAML
- name: Web servers
  hosts: web
  become: true
  vars:
    project: ${LAB_PARAM_PROJECT}
  roles:
    - nginx
YAML
ansible-playbook site.yml
