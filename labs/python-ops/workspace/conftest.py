# Makes `import opsctl` work for pytest when it runs from /lab.
