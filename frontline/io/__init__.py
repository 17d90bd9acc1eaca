"""Readers and writers: claims files, DeepState, ISW-style layers, any vector file, cached fetch."""
