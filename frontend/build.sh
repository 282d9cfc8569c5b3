#!/bin/sh
# Rebuilds static/vendor from the versions pinned in package-lock.json:
#   cd frontend && npm ci && npm run build
set -eu
out=../static/vendor
mkdir -p "$out"
npx sass --no-source-map --style=compressed --pkg-importer=node --load-path=. --quiet-deps --silence-deprecation=import waymark.scss "$out/waymark-frontend.min.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk-frontend.min.js"
cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js "$out/moj-frontend.min.js"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
# axe-core: only the browser tests load it (tests/browser/test_accessibility.py); never served by a page.
cp node_modules/axe-core/axe.min.js "$out/axe.min.js"
for pkg in govuk-frontend @ministryofjustice/frontend htmx.org axe-core; do
  printf '%s %s\n' "$pkg" "$(node -p "require('$pkg/package.json').version")"
done > "$out/VERSIONS.txt"
mkdir -p "$out/assets/images"
cp node_modules/@ministryofjustice/frontend/moj/assets/images/icon-*.svg "$out/assets/images/"
