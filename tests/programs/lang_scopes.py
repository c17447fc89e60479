counter = 0
def inc():
    global counter
    counter += 1
inc(); inc()
print(counter)
def make_acc():
    total = 0
    def add(n):
        nonlocal total
        total += n
        return total
    return add
acc = make_acc()
print(acc(1), acc(10), acc(100))
def outer():
    x = "outer"
    def mid():
        def inner():
            return x
        return inner()
    return mid()
print(outer())
fns = [lambda: i for i in range(3)]
print([f() for f in fns])
fns2 = [lambda i=i: i for i in range(3)]
print([f() for f in fns2])
x = "global"
def shadow():
    x = "local"
    return x
print(shadow(), x)
def read_global():
    return x
print(read_global())
def g():
    global newglob
    newglob = 42
g()
print(newglob)
def cells():
    a = 1
    def f1():
        return a
    a = 2
    return f1()
print(cells())
def nl():
    v = 0
    def a():
        nonlocal v
        v += 1
    def b():
        return v
    a(); a()
    return b()
print(nl())
print(sorted(k for k in locals().keys() if k[0] != '_')[:5])
