"""python3 -m demo.server [--port 8000]: the demo server on 127.0.0.1."""

import argparse
import logging

import uvicorn

from .app import app
from .control import Dropped


class _QuietDrops(logging.Filter):
    """A dropped connection is a fault asked for, not a server error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], Dropped))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python3 -m demo.server")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--quiet", action="store_true", help="log warnings only")
    arguments = parser.parse_args()
    logging.getLogger("uvicorn.error").addFilter(_QuietDrops())
    config = uvicorn.Config(app, host="127.0.0.1", port=arguments.port, log_level="warning" if arguments.quiet else "info")
    server = uvicorn.Server(config)
    # The first line says where to go; tests wait for it.
    print(f"sse-wasm demo: http://127.0.0.1:{arguments.port}", flush=True)
    server.run()


main()
