import sys
try:
    sys.exit(7)
except SystemExit as e:
    print("caught SystemExit", e.code, repr(e), isinstance(e, Exception), isinstance(e, BaseException))
try:
    sys.exit()
except SystemExit as e:
    print("no arg", e.code)
try:
    raise SystemExit(None)
except SystemExit as e:
    print("None arg", e.code)
print("now exit 0 explicitly")
sys.exit(0)
