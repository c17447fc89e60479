class D:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name)
def f():
    a = D("a")
    b = D("b")
    c = D("c")
    print("leaving f")
f()
print("after f")
def g(x):
    print("in g")
g(D("arg"))
print("after g")
def h():
    x = D("h-x")
    x = D("h-x2")
    print("h end")
h()
def raiser():
    r = D("raiser-local")
    raise ValueError("boom")
try:
    raiser()
except ValueError as e:
    print("caught", e)
print("after except")
def loop():
    for i in range(3):
        v = D("loop%d" % i)
    print("loop done")
loop()
def gen():
    g = D("gen-local")
    yield 1
    yield 2
it = gen()
print(next(it))
del it
print("generator deleted")
def closure():
    c = D("cell")
    def inner():
        return c
    return inner
fn = closure()
print("have closure")
del fn
print("end")
