class D:
    def __init__(self, name):
        self.name = name
        print("init", name)
    def __del__(self):
        print("del", self.name)
a = D("a")
print("before del a")
del a
print("after del a")
b = D("b")
print("rebinding b")
b = D("b2")
print("after rebind")
b = None
print("b set to None")
def f():
    x = D("local")
    print("returning")
    return 5
print("f returned", f())
def g():
    return D("returned")
r = g()
print("got", r.name)
del r
print("temp:")
D("temp")
print("after temp")
D("expr").name
print("after attr expr")
c = D("c")
c2 = c
del c
print("one ref left")
del c2
print("end")
