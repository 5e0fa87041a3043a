// Package lite is littlegrad's browser kernel: the tutorial's notebooks
// run in a browser, in JupyterLite, with no Go and no server but a static
// one. See README.md.
package lite
