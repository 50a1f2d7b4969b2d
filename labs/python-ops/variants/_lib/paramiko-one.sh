# Shared by fanout variants: opsctl/sshone.py, a careful paramiko run of one command on one
# host, bounded by the host's timeout -> {"host", "status", "exit_code", "stdout"}.
cat > /lab/opsctl/sshone.py <<'PY'
import socket
import time

import paramiko


def one(host, command, name_key="name"):
    t = float(host["timeout"])
    deadline = time.monotonic() + t
    row = {"host": host[name_key], "status": "unreachable", "exit_code": None, "stdout": ""}
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        client.connect(host["address"], port=host.get("port", 22), username=host.get("user"),
                       key_filename=host.get("key_file"), timeout=t, banner_timeout=t, auth_timeout=t)
        chan = client.get_transport().open_session()
        chan.exec_command(command)
        out = b""
        while not chan.exit_status_ready():
            if time.monotonic() > deadline:
                row["status"] = "timeout"
                return row
            while chan.recv_ready():
                out += chan.recv(4096)
            time.sleep(0.05)
        while chan.recv_ready():
            out += chan.recv(4096)
        code = chan.recv_exit_status()
        row.update(status="ok" if code == 0 else "failed", exit_code=code, stdout=out.decode())
    except socket.timeout:
        row["status"] = "timeout"
    except (OSError, paramiko.SSHException):
        pass
    finally:
        client.close()
    return row
PY
