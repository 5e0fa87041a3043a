package stdlib

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strconv"
)

// osExit stands for os.Exit in cells: it ends the cell, not the kernel
// (as yaegi's own stdlib does).
func osExit(code int) { panic("os.Exit(" + strconv.Itoa(code) + ")") }

// osFindProcess stands for os.FindProcess: there are no processes in a
// browser.
func osFindProcess(pid int) (*os.Process, error) {
	return nil, errors.New("os.FindProcess: not supported in the browser kernel")
}

// MapTypes tells yaegi which interfaces fmt's functions look for in their
// operands, so that it wraps values of the cells' types in them.
var MapTypes = map[reflect.Value][]reflect.Type{}

func init() {
	mt := []reflect.Type{
		reflect.TypeOf((*fmt.Formatter)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	}
	for _, f := range []any{fmt.Errorf, fmt.Fprint, fmt.Fprintf, fmt.Fprintln, fmt.Print, fmt.Printf, fmt.Println, fmt.Sprint, fmt.Sprintf, fmt.Sprintln} {
		MapTypes[reflect.ValueOf(f)] = mt
	}
	Symbols["."] = map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
}
