# weakref.finalize: a callback object called once when its referent dies, when called
# directly, or at interpreter exit (newest first, after atexit functions registered later).
import atexit
import gc
import weakref

gc.disable()


class Resource:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Resource(%s)" % self.name


def release(*args, **kwargs):
    print("release", args, sorted(kwargs.items()))
    return "released"


print("--- on refcount death")
r = Resource("a")
f = weakref.finalize(r, release, "a", mode="w")
print(f.alive, f.atexit, type(f).__name__)
print(f.peek()[0] is r, f.peek()[1] is release, f.peek()[2], f.peek()[3])
text = repr(f)
print(text.startswith("<finalize object at 0x"), text.endswith("for 'Resource' at %#x>" % id(r)))
del r
print(f.alive, f(), f.peek(), f.detach(), repr(f).endswith("; dead>"))

print("--- called directly: once")
r = Resource("b")
f = weakref.finalize(r, release, "b")
print(f(), f(), f.alive)
del r
print("nothing more")

print("--- detached")
r = Resource("c")
f = weakref.finalize(r, release, "c")
obj, func, args, kwargs = f.detach()
print(obj is r, func is release, args, kwargs, f.alive, f.detach())
del r, obj
print("no release for c")

print("--- several finalizers on one object run newest first")
r = Resource("d")
for i in range(3):
    weakref.finalize(r, release, "d", i)
del r

print("--- in a cycle: at the next collection")
r = Resource("e")
r.me = r
weakref.finalize(r, release, "e")
del r
print("collected", gc.collect())

print("--- the finalizer does not keep its object alive, but keeps its arguments")
arg = Resource("arg")
r = Resource("f")
f = weakref.finalize(r, release, arg)
del arg
print(f.peek()[2])
del r

print("--- at exit")


def bye(what):
    print("atexit:", what)


atexit.register(bye, "registered first")
keep1 = Resource("keep1")
keep2 = Resource("keep2")
quiet = Resource("quiet")
weakref.finalize(keep1, release, "keep1 at exit")
weakref.finalize(keep2, release, "keep2 at exit")
fq = weakref.finalize(quiet, release, "quiet, never")
fq.atexit = False
print(fq.atexit, fq.alive)
atexit.register(bye, "registered last")
unused = atexit.register(bye, "unregistered")
atexit.unregister(bye)
atexit.register(bye, "after unregister")
print(unused is bye)
print("--- end of main")
