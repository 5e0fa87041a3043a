package main

import (
	"embed"
	"path/filepath"
)

// The kernel's logo, which Jupyter shows next to the kernel's name: "∂go"
// in Go Mono Bold, white on Go's blue, in a rounded square, as an SVG and as
// the 32x32 and 64x64 PNGs that launchers look for.
//
//go:embed logo
var logos embed.FS

// logoFiles are the logo's files, by the names Jupyter looks for.
var logoFiles = []string{"logo-svg.svg", "logo-32x32.png", "logo-64x64.png"}

// writeLogos writes the logo files into dir.
func writeLogos(dir string) error {
	for _, name := range logoFiles {
		data, err := logos.ReadFile("logo/" + name)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(filepath.Join(dir, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
