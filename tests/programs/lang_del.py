x = 1
del x
try:
    print(x)
except NameError as e:
    print(e)
l = list(range(10))
del l[0]
print(l)
del l[-1]
print(l)
del l[2:4]
print(l)
del l[::2]
print(l)
d = {'a': 1, 'b': 2}
del d['a']
print(d)
try:
    del d['zz']
except KeyError as e:
    print("KeyError", e)
class C:
    pass
c = C()
c.attr = 5
print(hasattr(c, 'attr'))
del c.attr
print(hasattr(c, 'attr'))
try:
    del c.attr
except AttributeError as e:
    print(e)
a, b = 1, 2
del a, b
print('a' in globals(), 'b' in globals())
def f():
    v = 1
    del v
    try:
        return v
    except UnboundLocalError as e:
        return str(e)
print(f())
m = [[1, 2], [3, 4]]
del m[0][1]
print(m)
try:
    del l[100]
except IndexError as e:
    print(e)
