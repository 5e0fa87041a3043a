#!/usr/bin/env bash
# The main job: install the "Go (littlegrad)" Jupyter kernel, run every
# tutorial notebook headless, and export the results to self-contained HTML
# in out/html. Uses the jupyter on PATH if it is recent enough (JupyterLab 4
# or Notebook 7, nbconvert 7), or else installs a pinned Jupyter into .venv
# (scripts/jupyter.sh says more).
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
# The kernel's installer compiles while Jupyter installs.
go build -o /dev/null ./kernel &
jupyter_bin=$(scripts/jupyter.sh tutorial)
wait $! || true # go run says why, if it failed
export PATH="$jupyter_bin:$PATH"
go run ./kernel install

# The command that starts this Jupyter: the checkout's own is not on PATH.
jupyter=jupyter
[ "$jupyter_bin" != "$PWD/.venv/bin" ] || jupyter=.venv/bin/jupyter

# run executes notebook $1 into out/notebooks and exports it to out/html.
run() {
	local name
	name=$(basename "$1" .ipynb)
	jupyter nbconvert --log-level=WARN --to notebook --execute \
		--ExecutePreprocessor.kernel_name=littlegrad --ExecutePreprocessor.timeout=600 \
		--ExecutePreprocessor.record_timing=False \
		--output-dir out/notebooks "$1"
	# A cell's printed text reaches nbconvert in as many pieces as the
	# kernel sent, which timing decides; JupyterLab shows them as one, and
	# so does the notebook once they are joined.
	jupyter nbconvert --log-level=WARN --to notebook --inplace \
		--CoalesceStreamsPreprocessor.enabled=True "out/notebooks/$name.ipynb"
	jupyter nbconvert --log-level=WARN --to html \
		--TemplateExporter.extra_template_basedirs=notebooks/template --template littlegrad \
		--output-dir out/html "out/notebooks/$name.ipynb"
}

# The notebooks run at once, in half the time on two cores: a cell is
# mostly built and linked, which leaves a core idle much of the time.
mkdir -p out/notebooks out/html
notebooks=(notebooks/*.ipynb) pids=() failed=0
for nb in "${notebooks[@]}"; do
	echo "Running $nb"
	run "$nb" >"out/notebooks/$(basename "$nb" .ipynb).log" 2>&1 &
	pids+=($!)
done
for i in "${!notebooks[@]}"; do
	if ! wait "${pids[$i]}"; then
		failed=1
		echo "${notebooks[$i]} failed:" >&2
		cat "out/notebooks/$(basename "${notebooks[$i]}" .ipynb).log" >&2
	fi
done
[ $failed -eq 0 ] || exit 1
if $update; then
	for nb in "${notebooks[@]}"; do
		cp "out/notebooks/$(basename "$nb")" "$nb"
	done
fi

cat <<EOT

Done. The executed tutorial, as web pages you can open in any browser:
$(for f in out/html/*.html; do echo "  $PWD/$f"; done)

To work through it yourself, open the notebooks in JupyterLab:
  $jupyter lab notebooks/
(or in Notebook 7: $jupyter notebook notebooks/); they run on the kernel "Go (littlegrad)".
EOT
