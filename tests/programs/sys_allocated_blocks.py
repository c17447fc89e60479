# sys.getallocatedblocks(): the blocks held by the object and memory allocators rise with
# live objects and fall back once they are freed.
import sys, gc
gc.collect()
b0 = sys.getallocatedblocks()
x = [object() for _ in range(1000)]
b1 = sys.getallocatedblocks()
del x
gc.collect()
b2 = sys.getallocatedblocks()
print(b1 - b0 >= 1000, abs(b2 - b0) < 50)
try:
    sys.getallocatedblocks(1)
except TypeError as e:
    print(e)
