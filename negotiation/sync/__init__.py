"""Live synchronisation of paragraph texts, pure (no I/O): one package for the algorithm.

* ``ops``: ot.js-style operations on text (code points) and their exact transform;
* ``delta``: the wire codec (diff-match-patch's delta form, UTF-16 counts, strict);
* ``stream``: the server side, one ordered stream of ops per paragraph;
* ``client``: the client side (the same state machine as static/sync.js);
* ``textdiff``: the one wrapper around diff-match-patch (diffs, word diffs, patches).

docs/protocol.md is the wire protocol these implement. Nothing is imported here, so that
``from negotiation.sync import textdiff`` stays light.
"""
