package main

import (
	"debug/buildinfo"
	"flag"
	"fmt"
	"io"
	"runtime"

	"github.com/littlegrad/littlegrad/kernel/internal/proxy"
)

// runKernel is `run [-render RENDERD] CONNECTION_FILE -- GONB_COMMAND...`,
// what kernel.json starts: GoNB behind the proxy, with the renderer beside
// it (see package proxy). -no-status-announce is for a test (see
// proxy.Config).
func runKernel(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	render := fs.String("render", "", "the kernel's renderer, display/internal/render/renderd")
	noAnnounce := fs.Bool("no-status-announce", false, "publish no status after kernel_info_reply (for a test)")
	if fs.Parse(args) != nil || fs.NArg() < 3 || fs.Arg(1) != "--" {
		fmt.Fprintln(stderr, "usage: kernel run [-render RENDERD] CONNECTION_FILE -- GONB_COMMAND...")
		return 2
	}
	gonb := fs.Args()[2:]
	cfg := proxy.Config{
		ConnectionFile: fs.Arg(0),
		Kernel:         gonb,
		Info:           kernelInfo(gonb[0]),
		Stderr:         stderr,

		NoStatusAnnounce: *noAnnounce,
	}
	if *render != "" {
		cfg.Renderer = []string{*render}
	}
	code, err := proxy.Run(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "littlegrad kernel: %v\n", err)
	}
	return code
}

// kernelInfo is what kernel_info_reply says, for a GoNB binary: the
// language_info a front end needs to highlight Go (GoNB names no lexer or
// CodeMirror mode), a banner for consoles, and help links.
func kernelInfo(gonb string) proxy.Info {
	version := "(unknown version)"
	if bi, err := buildinfo.ReadFile(gonb); err == nil {
		for _, m := range append(bi.Deps, &bi.Main) {
			if m.Path == "github.com/janpfeifer/gonb" {
				version = m.Version
			}
		}
	}
	return proxy.Info{
		Banner: fmt.Sprintf("Go (littlegrad): %s on GoNB %s.\n"+
			"Cells hold Go declarations; a line %%%% starts the body of main. %%help lists GoNB's commands.\n"+
			"Import github.com/littlegrad/littlegrad/autograd, .../autograd/nn and .../display: no setup needed.\n",
			runtime.Version(), version),
		LanguageInfo: map[string]any{
			"name":            "go",
			"version":         runtime.Version()[2:],
			"mimetype":        "text/x-go",
			"file_extension":  ".go",
			"pygments_lexer":  "go",
			"codemirror_mode": "go",
		},
		HelpLinks: []proxy.HelpLink{
			{Text: "littlegrad's packages", URL: "https://pkg.go.dev/" + modulePath},
			{Text: "The littlegrad tutorial", URL: "https://" + modulePath + "/tree/main/notebooks"},
			{Text: "GoNB", URL: "https://github.com/janpfeifer/gonb"},
			{Text: "Go", URL: "https://go.dev/doc/"},
		},
	}
}
