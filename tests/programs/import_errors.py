def f():
    import sys, nosuchmod
def g():
    from sys import path, nosuchname
for h in (f, g):
    try:
        h()
    except ImportError as e:
        print(type(e).__name__, e)
f()
