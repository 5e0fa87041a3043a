"""Jupyter's kernel test suite (jupyter_kernel_test) against the installed
littlegrad kernel. tests/kernel_suite_test.go runs it, with JUPYTER_PATH
pointing at the kernelspec under test."""

import unittest

import jupyter_kernel_test


class LittlegradKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "littlegrad"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = '%%\nfmt.Println("hello, world")'
    code_stderr = '%%\nfmt.Fprintln(os.Stderr, "to stderr")'

    code_display_data = [
        {
            "code": 'import "github.com/janpfeifer/gonb/gonbui"\n\n%%\ngonbui.DisplayHTML("<b>bold</b>")',
            "mime": "text/html",
        },
        {
            "code": 'import (\n\t"github.com/littlegrad/littlegrad/autograd"\n'
            '\t"github.com/littlegrad/littlegrad/display"\n)\n\n'
            '%%\na := autograd.New(2).Named("a")\ndisplay.Show(a.Mul(a).Named("b"))',
            "mime": "text/html",
        },
    ]

    completion_samples = [
        {
            "text": 'import "github.com/littlegrad/littlegrad/display"\n\n%%\nn := display.MaxNo',
            "matches": {"MaxNodes"},
        },
    ]

    code_inspect_sample = (
        'import "github.com/littlegrad/littlegrad/autograd"\n\n%%\nx := autograd.New(1)\nx.Backward'
    )

    complete_code_samples = [
        '%%\nfmt.Println(1)',
        "var x = 1",
        "func f() int {\n\treturn 1\n}",
        "!ls",
        "%%bash\necho {",
    ]
    incomplete_code_samples = [
        "%%",
        "func f() {",
        "%%\nfor i := range 3 {",
        "import (",
        "%%\nx := 1 +",
        "!echo a \\",
    ]
    invalid_code_samples = [
        "%%\nfmt.Println(1))",
        "%%\nx := := 1",
        "fmt.Println(1)",
    ]


if __name__ == "__main__":
    unittest.main()
