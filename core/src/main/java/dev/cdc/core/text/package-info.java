/**
 * Text from outside made safe to print: cut and escaped, so hostile input can neither flood a
 * terminal nor forge log lines.
 */
package dev.cdc.core.text;
