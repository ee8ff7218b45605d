import '@testing-library/jest-native/extend-expect';

process.env.VIBEPEAK_API_KEY = '{{VPK_LIVE:expo-jest-setup}}';
jest.mock('expo-secure-store');
