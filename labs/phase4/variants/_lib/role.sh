# A role as a learner writes it (included by playbook and idempotent-playbook variants), with
# the knobs their mistakes turn. `write_role` writes roles/nginx and site.yml; set before it:
#   LISTEN     the listen line's value     (default: {{ nginx_port }})
#   PAGE_HOST  how the page names its host (default: {{ inventory_hostname }})
#   NOTIFY     the template task's notify  (default: reload nginx; empty: none)
#   SERVICE_STATE  the service task's state (default: started)
#   INSTALL    "apt" (module) or "shell" (apt-get in a shell task)
set -euo pipefail
cd /lab/ansible
LISTEN=${LISTEN:-'{{ nginx_port }}'}
PAGE_HOST=${PAGE_HOST:-'{{ inventory_hostname }}'}
NOTIFY=${NOTIFY-reload nginx}
SERVICE_STATE=${SERVICE_STATE:-started}
INSTALL=${INSTALL:-apt}
write_role() {
  mkdir -p roles/nginx/tasks roles/nginx/handlers roles/nginx/templates
  {
    if [ "$INSTALL" = shell ]; then
      printf -- '- name: Install nginx\n  ansible.builtin.shell: apt-get install -y nginx\n'
    else
      printf -- '- name: Install nginx\n  ansible.builtin.apt:\n    name: nginx\n    state: present\n'
    fi
    printf -- '- name: Site configuration\n  ansible.builtin.template:\n    src: site.conf.j2\n    dest: /etc/nginx/conf.d/site.conf\n'
    [ -n "$NOTIFY" ] && printf '  notify: %s\n' "$NOTIFY"
    printf -- '- name: Home page\n  ansible.builtin.template:\n    src: index.html.j2\n    dest: /var/www/html/index.html\n'
    printf -- '- name: nginx runs\n  ansible.builtin.service:\n    name: nginx\n    state: %s\n' "$SERVICE_STATE"
  } > roles/nginx/tasks/main.yml
  printf -- '- name: reload nginx\n  ansible.builtin.service:\n    name: nginx\n    state: reloaded\n' > roles/nginx/handlers/main.yml
  printf 'server {\n    listen %s default_server;\n    root /var/www/html;\n    index index.html;\n}\n' "$LISTEN" \
    > roles/nginx/templates/site.conf.j2
  printf '<h1>%s</h1>\n<p>Served by %s</p>\n' "$LAB_PARAM_PROJECT" "$PAGE_HOST" > roles/nginx/templates/index.html.j2
  # the Debian default site also claims default_server on 80: drop it
  printf -- '- name: No default site\n  ansible.builtin.file:\n    path: /etc/nginx/sites-enabled/default\n    state: absent\n' \
    >> roles/nginx/tasks/main.yml
  printf -- '- hosts: web\n  become: true\n  roles:\n    - nginx\n' > site.yml
}
