import sys
payload = []
try:
    raise ValueError(payload)
except ValueError as e:
    print("in handler", sys.getrefcount(payload), e.args[0] is payload)
print("after handler", sys.getrefcount(payload))
try:
    e
except NameError as ne:
    print("e unbound:", ne)
def f():
    try:
        raise KeyError(payload)
    except KeyError:
        return sys.getrefcount(payload)
print("in function handler", f())
print("after", sys.getrefcount(payload))
err = None
try:
    raise RuntimeError(payload)
except RuntimeError as ex:
    err = ex
print("saved exception", sys.getrefcount(payload))
del err
print("released", sys.getrefcount(payload))
try:
    try:
        raise TypeError(payload)
    finally:
        print("finally", sys.getrefcount(payload))
except TypeError:
    pass
print("done", sys.getrefcount(payload))
