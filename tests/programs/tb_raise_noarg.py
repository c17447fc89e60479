def f():
    raise RuntimeError
try:
    f()
except RuntimeError as e:
    print("caught", repr(e))
raise KeyError
