#!/usr/bin/python3
"""A partner's gRPC client in Python, from the .proto files alone.

Generates its stubs at start (Debian's protoc and grpc_python_plugin, into a temporary folder),
submits a contact (proto3 JSON, as in seeds/contacts/), sends the very same request again (the
same idempotency key, so it is stored once) after UNAVAILABLE or RESOURCE_EXHAUSTED, waiting as
long as the google.rpc.RetryInfo says, prints the field violations of a refused contact
(google.rpc.BadRequest in grpc-status-details-bin) and reads the contact back.

    MASH_TOKEN=$(deploy/mash token --role partner --agency wmp) \\
      /usr/bin/python3 contracts/examples/python/submit_and_read.py seeds/contacts/001-police-domestic-abuse-siblings.json

Needs Debian's python3-grpcio, python3-protobuf, protobuf-compiler and protobuf-compiler-grpc
(deploy/local/provision.sh installs them). MASH_GRPC_ADDRESS: intake (default 127.0.0.1:5101).
Exit codes: 0 stored and read back; 1 refused (the violations are printed); 2 anything else.
"""
import importlib
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import grpc
from google.protobuf import json_format

CONTRACTS = pathlib.Path(__file__).resolve().parents[2]
PROTOS = ["mash/common/v1/common.proto", "mash/intake/v1/intake.proto",
          "google/api/annotations.proto", "google/api/http.proto",
          "google/rpc/status.proto", "google/rpc/error_details.proto"]


def generate_stubs():
    """The Python modules of the protos, generated into a temporary folder put on sys.path."""
    out = tempfile.mkdtemp(prefix="mash-python-stubs-")
    subprocess.run(["protoc", f"-I{CONTRACTS / 'proto'}", f"-I{CONTRACTS / 'third_party'}", "-I/usr/include",
                    f"--python_out={out}", f"--grpc_python_out={out}",
                    "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin", *PROTOS], check=True)
    sys.path.insert(0, out)


def details(error):
    """The details of a failed call's google.rpc.Status, by type name: {"BadRequest": msg, ...}."""
    from google.rpc import error_details_pb2, status_pb2
    raw = dict(error.trailing_metadata() or ()).get("grpc-status-details-bin")
    if raw is None:
        return {}
    found = {}
    for detail in status_pb2.Status.FromString(raw).details:
        for name in ("BadRequest", "RetryInfo"):
            message = getattr(error_details_pb2, name)()
            if detail.Unpack(message):
                found[name] = message
    return found


def with_retries(method, request, metadata):
    """The call, sent again as it was while the service says to try again (at most 5 times)."""
    for attempt in range(1, 6):
        try:
            return method(request, metadata=metadata, timeout=20)
        except grpc.RpcError as error:
            if error.code() not in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED) or attempt == 5:
                raise
            info = details(error).get("RetryInfo")
            delay = info.retry_delay.ToTimedelta().total_seconds() if info else attempt
            print(f"{error.code().name}: trying again in {delay:.0f} s with the same idempotency key", file=sys.stderr)
            time.sleep(delay)


def main():
    if len(sys.argv) != 2 or not os.environ.get("MASH_TOKEN"):
        print("usage: MASH_TOKEN=... submit_and_read.py CONTACT.json", file=sys.stderr)
        return 2
    generate_stubs()
    intake_pb2 = importlib.import_module("mash.intake.v1.intake_pb2")
    intake_grpc = importlib.import_module("mash.intake.v1.intake_pb2_grpc")
    request = json_format.Parse(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"), intake_pb2.SubmitContactRequest())
    metadata = [("authorization", f"Bearer {os.environ['MASH_TOKEN']}")]
    with grpc.insecure_channel(os.environ.get("MASH_GRPC_ADDRESS", "127.0.0.1:5101")) as channel:
        intake = intake_grpc.IntakeServiceStub(channel)
        try:
            submitted = with_retries(intake.SubmitContact, request, metadata)
            print(f"submitted contact {submitted.contact_id} ({'a replay of an earlier submission' if submitted.replayed else 'new'})")
            read = with_retries(intake.GetContact, intake_pb2.GetContactRequest(contact_id=submitted.contact_id), metadata)
            common_pb2 = importlib.import_module("mash.common.v1.common_pb2")
            for child in read.contact.children:
                print(f"child {child.child.child_id}: {common_pb2.ChildStatus.Name(child.status)}")
            return 0
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
                print(f"refused: {error.details()}")
                bad_request = details(error).get("BadRequest")
                for violation in bad_request.field_violations if bad_request else ():
                    print(f"  {violation.field}: {violation.description}")
                return 1
            print(f"{error.code().name}: {error.details()}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
