# pyheap's `abc` module: CPython 3.11's Lib/abc.py, whose ABCMeta keeps its registry
# and does its checks in the C module `_abc`; here those functions are written in
# Python below, without the positive/negative caches (which only save time).

from _weakref import ref as _ref


def abstractmethod(funcobj):
    # Marks the function; ABCMeta collects the marked names into __abstractmethods__.
    funcobj.__isabstractmethod__ = True
    return funcobj


class abstractclassmethod(classmethod):
    __isabstractmethod__ = True

    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)


class abstractstaticmethod(staticmethod):
    __isabstractmethod__ = True

    def __init__(self, callable):
        callable.__isabstractmethod__ = True
        super().__init__(callable)


class abstractproperty(property):
    __isabstractmethod__ = True


class _abc_data:
    __module__ = '_abc'
    __slots__ = ('_registry', '_subclasses')

    def __init__(self):
        self._registry = []
        # The ABC's direct subclasses (what `cls.__subclasses__()` lists): every one is
        # made by ABCMeta.__new__, which records it here.
        self._subclasses = []


_abc_invalidation_counter = 0


def get_cache_token():
    # A number that changes whenever a class is registered with any ABC.
    return _abc_invalidation_counter


def _compute_abstract_methods(cls):
    abstracts = {name
                 for name, value in cls.__dict__.items()
                 if getattr(value, "__isabstractmethod__", False)}
    for base in cls.__bases__:
        for name in getattr(base, "__abstractmethods__", ()):
            value = getattr(cls, name, None)
            if getattr(value, "__isabstractmethod__", False):
                abstracts.add(name)
    cls.__abstractmethods__ = frozenset(abstracts)


def _abc_init(cls):
    _compute_abstract_methods(cls)
    cls._abc_impl = _abc_data()
    for base in cls.__bases__:
        impl = base.__dict__.get('_abc_impl')
        if type(impl) is _abc_data:
            impl._subclasses.append(_ref(cls))


def _impl_of(cls):
    impl = cls.__dict__.get('_abc_impl')
    if type(impl) is not _abc_data:
        raise TypeError("_abc_impl is set to a wrong type")
    return impl


def _registry_of(cls):
    return _impl_of(cls)._registry


def _abc_register(cls, subclass):
    if not isinstance(subclass, type):
        raise TypeError("Can only register classes")
    if issubclass(subclass, cls):
        return subclass
    # Registering a class with itself (or a base) is a no-op, checked before cycles.
    if issubclass(cls, subclass):
        raise RuntimeError("Refusing to create an inheritance cycle")
    _registry_of(cls).append(_ref(subclass))
    global _abc_invalidation_counter
    _abc_invalidation_counter += 1
    return subclass


def _abc_instancecheck(cls, instance):
    subclass = instance.__class__
    subtype = type(instance)
    if subtype is subclass:
        return cls.__subclasscheck__(subclass)
    return any(cls.__subclasscheck__(c) for c in (subclass, subtype))


def _abc_subclasscheck(cls, subclass):
    if not isinstance(subclass, type):
        raise TypeError('issubclass() arg 1 must be a class')
    impl = _impl_of(cls)
    ok = cls.__subclasshook__(subclass)
    if ok is not NotImplemented:
        if not isinstance(ok, bool):
            raise AssertionError("__subclasshook__ must return either False, True, "
                                 "or NotImplemented")
        return ok
    if cls in getattr(subclass, '__mro__', ()):
        return True
    for r in impl._registry:
        rcls = r()
        if rcls is not None and issubclass(subclass, rcls):
            return True
    for r in impl._subclasses:
        scls = r()
        if scls is not None and issubclass(subclass, scls):
            return True
    return False


def _get_dump(cls):
    registry = _registry_of(cls)
    return (set(registry), set(), set(), _abc_invalidation_counter)


def _reset_registry(cls):
    _registry_of(cls).clear()


def _reset_caches(cls):
    _registry_of(cls)


class ABCMeta(type):
    def __new__(mcls, name, bases, namespace, /, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        _abc_init(cls)
        return cls

    def register(cls, subclass):
        return _abc_register(cls, subclass)

    def __instancecheck__(cls, instance):
        return _abc_instancecheck(cls, instance)

    def __subclasscheck__(cls, subclass):
        return _abc_subclasscheck(cls, subclass)

    def _dump_registry(cls, file=None):
        print(f"Class: {cls.__module__}.{cls.__qualname__}", file=file)
        print(f"Inv. counter: {get_cache_token()}", file=file)
        (_abc_registry, _abc_cache, _abc_negative_cache,
         _abc_negative_cache_version) = _get_dump(cls)
        print(f"_abc_registry: {_abc_registry!r}", file=file)
        print(f"_abc_cache: {_abc_cache!r}", file=file)
        print(f"_abc_negative_cache: {_abc_negative_cache!r}", file=file)
        print(f"_abc_negative_cache_version: {_abc_negative_cache_version!r}",
              file=file)

    def _abc_registry_clear(cls):
        _reset_registry(cls)

    def _abc_caches_clear(cls):
        _reset_caches(cls)


def update_abstractmethods(cls):
    if not hasattr(cls, '__abstractmethods__'):
        return cls
    _compute_abstract_methods(cls)
    return cls


class ABC(metaclass=ABCMeta):
    __slots__ = ()
