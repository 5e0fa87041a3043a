module github.com/littlegrad/littlegrad

go 1.26
