#!/usr/bin/env bash
# expect: fail
# why: `# noqa` appended to every line flake8 flags, so `flake8 .` is quiet but nothing is fixed
# include: _lib/release.sh
# feedback: --disable-noqa still finds
set -euo pipefail
printf '[flake8]\nmax-line-length = 120\n' > .flake8
{ flake8 --format='%(path)s:%(row)d' . || true; } | sort -u | while IFS=: read -r file row; do
  sed -i "${row}s/\$/  # noqa/" "$file"
done
flake8 .
printf 'repos:\n  - repo: local\n    hooks:\n      - id: flake8\n        name: flake8\n        entry: flake8\n        language: system\n        types: [python]\n' > .pre-commit-config.yaml
pre-commit install >/dev/null
git add .flake8 .pre-commit-config.yaml inventory && git commit -q -m "style: flake8"
