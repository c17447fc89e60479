import gc
gc.collect()
class A:
    pass
a = A(); b = A(); a.other = b; b.other = a
del a, b
print("2-instance cycle:", gc.collect())
a = A(); b = A(); a.other = b; b.other = a
a.__dict__
del a, b
print("with a materialized __dict__:", gc.collect())
l = []; l.append(l); del l
print("self-ref list:", gc.collect())
d = {}; d["self"] = d; del d
print("self-ref dict:", gc.collect())
def f(): pass
f.attr = f
del f
print("self-ref function with attr:", gc.collect())
def outer():
    def inner():
        return inner
    return inner
g = outer(); del g
print("closure cycle:", gc.collect())
t = ([],); t[0].append(t); del t
print("tuple/list cycle:", gc.collect())
ring = [A() for _ in range(10)]
for i in range(10):
    ring[i].next = ring[(i + 1) % 10]
del ring, i
print("ring of 10:", gc.collect())
print("nothing left:", gc.collect())
