#!/usr/bin/env bash
# The main job: install the "Go (littlegrad)" Jupyter kernel, run every
# tutorial notebook headless, and export the results to self-contained HTML
# in out/html. Uses the jupyter on PATH; installs Jupyter from Debian's
# packages first only if there is none (scripts/deps.sh).
#
#   ./tutorial.sh            run the notebooks into out/ (the checkout is untouched)
#   ./tutorial.sh --update   also write the outputs back into notebooks/*.ipynb,
#                            which is how the committed outputs are made
set -euo pipefail
cd "$(dirname "$0")"

update=false
case "${1:-}" in
"") ;;
--update) update=true ;;
*)
	echo "usage: ./tutorial.sh [--update]" >&2
	exit 2
	;;
esac

scripts/deps.sh tutorial
go run ./kernel install

mkdir -p out/notebooks out/html
for nb in notebooks/*.ipynb; do
	name=$(basename "$nb" .ipynb)
	echo "Running $nb"
	jupyter nbconvert --log-level=WARN --to notebook --execute \
		--ExecutePreprocessor.kernel_name=littlegrad --ExecutePreprocessor.timeout=600 \
		--ExecutePreprocessor.record_timing=False \
		--output-dir out/notebooks "$nb"
	jupyter nbconvert --log-level=WARN --to html \
		--TemplateExporter.extra_template_basedirs=notebooks/template --template littlegrad \
		--output-dir out/html "out/notebooks/$name.ipynb"
	if $update; then
		cp "out/notebooks/$name.ipynb" "$nb"
	fi
done

cat <<EOT

Done. The executed tutorial, as web pages you can open in any browser:
$(for f in out/html/*.html; do echo "  $PWD/$f"; done)

To work through it yourself in Jupyter:
  jupyter notebook notebooks/
then open a notebook; it runs on the kernel "Go (littlegrad)".
EOT
