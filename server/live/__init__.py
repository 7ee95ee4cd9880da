"""The live rooms: one room per open document, split into one module per job.

- ``registry``: the rooms of this process (``RoomRegistry``: open on first join, close when idle)
- ``room``: one room (``Room``), composing the parts below
- ``ports``: what a room talks to (a ``Peer`` per connection, the ``ParagraphStore``)
- ``stream``: the paragraphs as the room holds them, and the merge of one edit
- ``counts``: each client's count of merged and committed edits, and its pending conflicts
- ``broadcast``: frames to every client of the room, patches throttled into shared frames
- ``committer``: batches, group commit with retry, then acknowledgements
- ``attribution``: each paragraph's weave (who typed each character), and the versions it
  seals, only their author's changes, when a burst of typing ends (``bursts``)
- ``presence``: who is in the room and which paragraph each one is in
- ``structure``: insert, delete and move a paragraph
- ``chair``: bracket actions, status changes and the paragraph under discussion (docs/chair.md)
- ``typed``: brackets typed by hand in an edit: a proposal naming another delegation refused,
  a newly typed bracket held by the typist's delegation
- ``retyped``: brackets whose words are being edited, recorded as "edited" (the editor's
  delegation holds them too) once per burst of typing

docs/architecture.md follows one keystroke through them.
"""
