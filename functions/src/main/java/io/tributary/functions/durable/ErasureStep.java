package io.tributary.functions.durable;

/** The input of the activities that erase one day: the store's ({@link EraseStoreDayActivity}) or the archive's. */
public record ErasureStep(ErasureJob job, long day) {
}
