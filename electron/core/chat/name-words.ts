// Word lists for the random two-word names visitors get on arrival (plain Node).
//
// These are data, not words of the interface: a name is an identifier that
// everyone in the room sees the same, whatever their language, so the lists
// are not in the i18n catalogue and are never translated. Plain ASCII letters,
// so a name reads the same in every terminal and font.
import { randomInt } from 'node:crypto';

export const ADJECTIVES: readonly string[] = [
  'Amber', 'Ashen', 'Autumn', 'Bold', 'Brave', 'Bright', 'Brisk', 'Calm', 'Clever', 'Copper',
  'Crimson', 'Curious', 'Dapper', 'Distant', 'Dusky', 'Eager', 'Early', 'Electric', 'Emerald', 'Fabled',
  'Fair', 'Fleet', 'Foggy', 'Frosty', 'Gentle', 'Gilded', 'Glad', 'Golden', 'Grand', 'Hazel',
  'Hidden', 'Humble', 'Icy', 'Indigo', 'Ivory', 'Jade', 'Jolly', 'Keen', 'Kind', 'Lively',
  'Lucky', 'Lunar', 'Mellow', 'Merry', 'Misty', 'Modest', 'Mossy', 'Nimble', 'Noble', 'Olive',
  'Patient', 'Plucky', 'Polar', 'Proud', 'Quick', 'Quiet', 'Rapid', 'Rosy', 'Rustic', 'Sandy',
  'Silent', 'Silver', 'Sleepy', 'Smooth', 'Solar', 'Steady', 'Stormy', 'Sunny', 'Swift', 'Tawny',
  'Tidy', 'Velvet', 'Vivid', 'Wandering', 'Warm', 'Wild', 'Windy', 'Wise', 'Witty', 'Young',
];

export const NOUNS: readonly string[] = [
  'Badger', 'Beacon', 'Bear', 'Beetle', 'Bison', 'Breeze', 'Brook', 'Canyon', 'Cedar', 'Cloud',
  'Comet', 'Coral', 'Crane', 'Cricket', 'Dolphin', 'Dove', 'Eagle', 'Ember', 'Falcon', 'Fern',
  'Finch', 'Fox', 'Gecko', 'Glacier', 'Hare', 'Harbor', 'Hawk', 'Heron', 'Hill', 'Ibis',
  'Iris', 'Jackal', 'Jay', 'Kestrel', 'Kite', 'Lake', 'Lantern', 'Lark', 'Lemur', 'Lily',
  'Lynx', 'Maple', 'Marten', 'Meadow', 'Meteor', 'Mole', 'Moose', 'Moth', 'Newt', 'Oak',
  'Ocelot', 'Orca', 'Osprey', 'Otter', 'Owl', 'Panda', 'Pebble', 'Pine', 'Plover', 'Puffin',
  'Quail', 'Raven', 'Reed', 'River', 'Robin', 'Sparrow', 'Spruce', 'Star', 'Stone', 'Swan',
  'Thistle', 'Tiger', 'Trout', 'Tulip', 'Valley', 'Walrus', 'Willow', 'Wolf', 'Wren', 'Yak',
];

/** "Quiet Otter": one word of each list, chosen with the system's secure random source. */
export function randomTwoWordName(random: (n: number) => number = randomInt): string {
  return `${ADJECTIVES[random(ADJECTIVES.length)] ?? 'Quiet'} ${NOUNS[random(NOUNS.length)] ?? 'Otter'}`;
}
