/* counter._native: the hot path, in C (the reason the image needs a compiler to build).
 *
 * etag(text) -> str: a stable FNV-1a hash of the response body, used as its ETag.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static PyObject *etag(PyObject *self, PyObject *args) {
    const char *data;
    Py_ssize_t len;
    if (!PyArg_ParseTuple(args, "s#", &data, &len))
        return NULL;
    uint64_t h = 1469598103934665603ULL;
    for (Py_ssize_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 1099511628211ULL;
    }
    return PyUnicode_FromFormat("\"%016llx\"", (unsigned long long)h);
}

static PyMethodDef methods[] = {
    {"etag", etag, METH_VARARGS, "ETag (FNV-1a, hex) of a response body."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native", NULL, -1, methods};

PyMODINIT_FUNC PyInit__native(void) { return PyModule_Create(&module); }
