import gc
gc.collect()
gc.disable()
c0 = gc.get_count()[0]
keep = [[] for _ in range(100)]
print("after creating 100 lists:", gc.get_count()[0] - c0)
del keep
gc.collect()
print("after collect:", gc.get_count())
gc.enable()
junk = []
for i in range(2000):
    junk.append([])
print("automatic collections ran:", gc.get_count()[0] < 700)
stats = gc.get_stats()
print(len(stats), sorted(stats[0]))
