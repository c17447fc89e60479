import sys
a = 'hello'
p1 = 'hel'
b = p1 + 'lo'
print("const vs built", a is b, a == b)
print("after intern", sys.intern(b) is a)
c = 'hello world'
d = 'hello world'
print("same code object const", c is d)
e = 'hello_world_1'
print("identifier-like interned", sys.intern(p1 + 'lo_world_1') is e)
f = 'hello world'
print("non-identifier interned", sys.intern(p1 + 'lo world') is f)
g = 'ab' + 'cd'
print("folded", sys.intern(p1[:0] + 'ab' + 'cd') is g)
class K:
    pass
k = K()
dyn = 'dyn'
setattr(k, dyn + 'attr', 1)
key = [x for x in k.__dict__][0]
print("setattr name interned", sys.intern(dyn + 'attr') is key)
dk = 'dict'
dd = {dk + 'key': 1}
key2 = list(dd)[0]
print("dict key interned", sys.intern(dk + 'key') is key2)
q = 'qq'
x1 = sys.intern(q + 'rr' + 'ss')
x2 = sys.intern(q + 'rr' + 'ss')
print("intern twice", x1 is x2)
def fn():
    return 'hello'
print("function const", fn() is a)
def fn2():
    return 'hello world'
print("function const non-ident", fn2() is c)
print(sys.intern('abc') == 'abc')
try:
    sys.intern(5)
except TypeError as ex:
    print("TypeError", ex)
