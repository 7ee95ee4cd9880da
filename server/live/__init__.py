"""The live rooms: one room per open document (``registry``: the rooms of this process;
``room``: one room; ``bursts``: when a burst of typing ends; ``structure``: insert, delete
and move a paragraph)."""
