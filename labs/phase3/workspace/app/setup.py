from setuptools import Extension, setup

setup(
    name="counter",
    version="1.0.0",
    packages=["counter"],
    ext_modules=[Extension("counter._native", ["counter/_native.c"])],
)
