a = [1, 2]
a.append(a)
print(a)
print(repr(a), str(a))
d = {"k": 1}
d["self"] = d
print(d)
l = [[]]
l[0].append(l)
print(l)
t = ([],)
t[0].append(t)
print(t)
class C:
    pass
c = C()
c.me = c
print(type(c.me.me.me).__name__)
x = []
y = [x]
x.append(y)
print(x, y)
m = [0]
m[0] = m
print(m, len(m), m[0][0][0] is m)
