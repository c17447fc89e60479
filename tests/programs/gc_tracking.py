import gc
print("thresholds", gc.get_threshold(), gc.isenabled())
print("is_tracked:", gc.is_tracked([]), gc.is_tracked(()), gc.is_tracked((1, 2)), gc.is_tracked({}), gc.is_tracked({1: 2}), gc.is_tracked({1: []}), gc.is_tracked(1), gc.is_tracked("a"))
t = tuple([1, 2, 3])
print("runtime tuple tracked:", gc.is_tracked(t))
gc.collect()
print("after collect:", gc.is_tracked(t))
d = {}; d["x"] = []; del d["x"]
print("dict that held a list:", gc.is_tracked(d))
gc.collect(1)
print("after collect(1):", gc.is_tracked(d))
gc.collect(2)
print("after collect(2):", gc.is_tracked(d))
class A: pass
print("instance:", gc.is_tracked(A()))
nested = ([1], 2)
print("tuple holding a list:", gc.is_tracked(nested))
gc.collect()
print("still tracked:", gc.is_tracked(nested))
gc.disable()
print("disabled:", gc.isenabled())
gc.enable()
gc.set_threshold(500, 5, 5)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
print("DEBUG flags", gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
events = []
def cb(phase, info):
    events.append((phase, info["generation"], info["collected"]))
gc.callbacks.append(cb)
l = []; l.append(l); del l
print("collected", gc.collect())
gc.callbacks.remove(cb)
print(events)
gc.set_debug(gc.DEBUG_SAVEALL)
l = []; l.append(l); del l
print("SAVEALL", gc.collect(), len(gc.garbage), type(gc.garbage[0]).__name__)
gc.set_debug(0)
gc.garbage.clear()
x = [1, 2]
y = [x, x]
print(len(gc.get_referents(y)), gc.get_referents(y)[0] is x)
print(y in gc.get_referrers(x))
print(gc.get_freeze_count())
