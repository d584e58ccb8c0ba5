package io.tributary.frame;

/** A frame read back: its header and its payload, decompressed. */
public record Frame(FrameHeader header, byte[] payload) {
}
