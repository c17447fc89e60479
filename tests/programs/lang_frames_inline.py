# Frames of calls run inside the eval loop are still a chain: sys._getframe, f_back,
# f_lineno of callers, generators and built-ins in between, long tracebacks.
import sys
def inner():
    f = sys._getframe()
    names = []
    while f is not None:
        names.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return names
def middle():
    x = 1
    return inner()
def outer():
    return middle()
print(outer())
def gen():
    yield sys._getframe(1).f_code.co_name
    yield middle()[1:3]
print(list(gen()))
class C:
    def __init__(self):
        self.where = sys._getframe(1).f_code.co_name
def make():
    return C().where
print(make())
print(list(map(lambda x: sys._getframe(1).f_code.co_name, [1])))
def rec(n):
    if n == 0:
        raise ValueError("deep")
    return rec(n - 1)
try:
    rec(3000)
except ValueError as e:
    tb = e.__traceback__
    n = 0
    while tb:
        n += 1
        tb = tb.tb_next
    print("frames in traceback", n)
rec(50)
