x = float('1.5')
ix = id(x)
del x
y = float('2.5')
print("float reuse", id(y) == ix)
t = tuple([1, 2, 3])
it = id(t)
del t
u = tuple([4, 5, 6])
print("tuple reuse", id(u) == it)
a = []
i = id(a)
del a
b = []
print("list reuse", id(b) == i)
d = {}
idd = id(d)
del d
d2 = {}
print("dict reuse", id(d2) == idd)
def make():
    return [1, 2, 3]
ids = []
for _ in range(5):
    ids.append(id(make()))
print("temp lists share address", all(v == ids[0] for v in ids))
fl = []
for k in range(3):
    v = float(k) + 0.5
    fl.append(id(v) == id(v))
print(fl)
p = 1.25
q = p * 2
print(p, q)
