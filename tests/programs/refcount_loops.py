import sys
items = [[], [], []]
for it in items:
    print("loop var", sys.getrefcount(it))
print("after loop", sys.getrefcount(items[-1]))
del it
print("after del it", sys.getrefcount(items[-1]))
for i, it in enumerate(items):
    print("enumerate", i, sys.getrefcount(it))
    break
del it
d = {'k': []}
for k, v in d.items():
    print("items", sys.getrefcount(v))
del v
x = []
res = [sys.getrefcount(x) for _ in range(2)]
print("in listcomp", res)
g = (sys.getrefcount(x) for _ in range(1))
print("in genexp", list(g))
w = 0
while w < 2:
    tmp = x
    print("while", sys.getrefcount(x))
    w += 1
del tmp
print("end", sys.getrefcount(x))
