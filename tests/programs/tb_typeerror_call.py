def greet(name, greeting):
    return greeting + ", " + name
print(greet("bob", "hi"))
print(greet("alice"))
