l = []
for i in range(100000):
    l = [l]
try:
    s = repr(l)
    print("repr length", len(s))
except RecursionError as e:
    print("RecursionError", e)
d = {}
for i in range(100000):
    d = {1: d}
try:
    str(d)
except RecursionError as e:
    print("dict RecursionError", e)
t = ()
for i in range(100000):
    t = (t,)
try:
    t == t[0]
except RecursionError as e:
    print("compare RecursionError", e)
print("alive")
