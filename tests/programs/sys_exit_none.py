import sys
class D:
    def __del__(self):
        print("del at shutdown?")
def f():
    d = D()
    sys.exit(None)
f()
