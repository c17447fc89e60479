import sys
d = {}
out = []
for i in range(50):
    out.append("%d:%d" % (len(d), sys.getsizeof(d)))
    d[i] = i
print("int keys", *out)
d = {}
out = []
for i in range(50):
    out.append("%d:%d" % (len(d), sys.getsizeof(d)))
    d["k%d" % i] = i
print("str keys", *out)
print("{}", sys.getsizeof({}))
print("{1:1}", sys.getsizeof({1: 1}))
print("{'a':1}", sys.getsizeof({'a': 1}))
print("dict(a=1,b=2)", sys.getsizeof(dict(a=1, b=2)))
e = {'a': 1, 'b': 2}
e[3] = 3
print("mixed", sys.getsizeof(e))
f = dict.fromkeys(range(10))
print("fromkeys", sys.getsizeof(f))
g = {i: i for i in range(20)}
print("comp", sys.getsizeof(g))
for k in list(g):
    del g[k]
print("after deleting all", sys.getsizeof(g), len(g))
g.clear()
print("clear", sys.getsizeof(g))
