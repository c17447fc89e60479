class D:
    def __init__(self, name):
        self.name = name
    def __repr__(self):
        return "D(%s)" % self.name
    def __del__(self):
        print("del", self.name)
print("list order")
x = [D("l1"), D("l2"), D("l3")]
x = 0
print("tuple order")
x = (D("t1"), D("t2"), D("t3"))
x = 0
print("dict order")
x = {1: D("d1"), 2: D("d2"), 3: D("d3")}
x = 0
print("instance dict order")
class H:
    pass
h = H()
h.a = D("ia")
h.b = D("ib")
h.c = D("ic")
h = 0
print("args tuple")
def f(*args):
    pass
f(D("a1"), D("a2"))
print("kwargs")
def g(**kw):
    pass
g(x=D("k1"), y=D("k2"))
print("unpack")
a, b = D("u1"), D("u2")
a, b = b, a
print(a, b)
del a
print("del a done")
del b
print("chained")
p = q = D("chain")
del p
print("one left")
del q
print("end")
